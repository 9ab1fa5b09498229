import pytest

from newsfuse.errors import InputError, MissingPathError
from newsfuse.load import load_story, read_text_file
from newsfuse.load.text import decode_text


def test_load_directory_takes_txt_files_only(example_dir):
    story = load_story([example_dir])
    assert story.id == "nato-libya-2011"
    assert [a.id for a in story.articles] == ["aljazeera", "cbsnews"]  # README.md is not an article
    assert {a.outlet for a in story.articles} == {"Al Jazeera", "CBS News"}


def test_load_missing_path_is_missing_path_error(tmp_path):
    with pytest.raises(MissingPathError, match="no such file or directory"):
        load_story([tmp_path / "nope.txt"])


def test_load_named_empty_file_fails_but_directory_skips_it(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "real.txt").write_text("A real article about the council vote on Tuesday.")
    with pytest.raises(InputError, match="empty file"):
        load_story([tmp_path / "empty.txt"])
    story = load_story([tmp_path])
    assert [a.id for a in story.articles] == ["real"]


def test_load_binary_file_is_input_error(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_text_file(path)


def test_load_non_utf8_falls_back_to_cp1252(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 owners said \u201cno\u201d to the plan.".encode("cp1252"))
    assert read_text_file(path) == "Caf\u00e9 owners said \u201cno\u201d to the plan."


def test_decode_strips_utf8_bom():
    assert decode_text("\ufeffHello there.".encode(), "x") == "Hello there."


def test_load_same_stem_in_two_directories_gets_distinct_ids(tmp_path):
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(f"Text {name} about the vote in the council.")
    story = load_story([tmp_path / "one", tmp_path / "two"])
    assert [a.id for a in story.articles] == ["story", "story-2"]
