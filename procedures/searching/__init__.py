"""Vietnamese citizen search: folding, thesaurus, code lookup and ranking (see ``engine``)."""
