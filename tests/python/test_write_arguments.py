"""Arguments that change the meaning of a write are never ignored or misread."""

import pytest


def test_merge_keys_as_one_string_is_one_key(ff, tmp_path):
    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1, 2], "v": ["a", "b"]}).write_catalog_table("lake.s.t")
    ff.from_dict({"id": [2, 3], "v": ["B", "c"]}).write_catalog_table(
        "lake.s.t", write_mode="upsert", merge_keys="id")
    rows = ff.read_catalog_table("lake.s.t").sort("id").collect().rows()
    assert [tuple(r) for r in rows] == [(1, "a"), (2, "B"), (3, "c")]


def test_append_with_merge_keys_is_refused(ff, tmp_path):
    ff.catalog.create_catalog("lake", storage_root=str(tmp_path / "lake"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1], "v": ["a"]}).write_catalog_table("lake.s.t")
    with pytest.raises(ValueError, match="merge_keys do not apply to write_mode 'append'"):
        ff.from_dict({"id": [1], "v": ["a"]}).write_catalog_table(
            "lake.s.t", write_mode="append", merge_keys=["id"])
    assert ff.read_catalog_table("lake.s.t").collect().height == 1
    with pytest.raises(TypeError, match="merge_keys expects a column name"):
        ff.from_dict({"id": [1]}).write_catalog_table("lake.s.t", write_mode="upsert",
                                                      merge_keys=[1])


def test_file_uri_storage_root_is_the_local_folder(ff, tmp_path):
    root = tmp_path / "r oot"
    info = ff.catalog.create_catalog("lake", storage_root="file://" + str(root).replace(" ", "%20"))
    ff.catalog.create_schema("lake.s")
    ff.from_dict({"id": [1]}).write_catalog_table("lake.s.t")
    assert root.is_dir() and any(root.rglob("_delta_log"))
    assert "file:" not in str(getattr(info, "storage_root", "") or "")
