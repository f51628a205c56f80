"""Lineage from frames: a table written from a frame that reads catalog tables records the
versions it read, and each source lists the run as a reader and the new table downstream."""


def test_a_frame_pipeline_links_sources_and_derived_tables(ff):
    ff.from_dict({"id": [1, 2, 3]}).write_catalog_table("raw.items")
    ff.from_dict({"id": [4, 5]}).write_catalog_table("raw.items", write_mode="append")
    ff.from_dict({"k": ["a"]}).write_catalog_table("raw.kinds")
    items = ff.read_catalog_table("raw.items")
    kinds = ff.read_catalog_table("raw.kinds")
    items.join(kinds, how="cross").write_catalog_table("marts.items_by_kind")

    derived = ff.catalog.lineage("marts.items_by_kind")
    assert derived["writes"][0]["read_versions"] == {"General.raw.items": 1, "General.raw.kinds": 0}
    run = derived["writes"][0]["run_id"]
    source = ff.catalog.lineage("raw.items")
    assert [(r["table_version"], r["run_id"]) for r in source["reads"]] == [(1, run)]
    assert source["downstream_tables"] == ["General.marts.items_by_kind"]
    # Time travel is lineage too: reading version 0 records version 0.
    ff.read_catalog_table("raw.items", delta_version=0).write_catalog_table("marts.first_items")
    assert sorted(r["table_version"] for r in ff.catalog.lineage("raw.items")["reads"]) == [0, 1]
