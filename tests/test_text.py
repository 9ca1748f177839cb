from procedures.text import fold, normalize_name


def test_fold_removes_every_vietnamese_mark_and_maps_d():
    assert fold("Đề nghị cấp bằng tốt nghiệp TRƯỜNG") == "de nghi cap bang tot nghiep truong"
    assert fold("ấ ằ ề ữ ộ ế Đ đ") == "a a e u o e d d"


def test_fold_collapses_white_space():
    assert fold("  Giáo dục\n trung   học ") == "giao duc trung hoc"


def test_normalize_name_drops_punctuation():
    assert normalize_name("Giáo dục - Đào tạo;") == "giao duc dao tao"
    assert normalize_name("Văn bằng, chứng chỉ") == normalize_name("VĂN BẰNG CHỨNG CHỈ")
