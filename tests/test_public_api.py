import subprocess
import sys

import newsfuse


def test_public_api_all_is_pinned():
    assert sorted(newsfuse.__all__) == sorted(
        [
            "Article",
            "Brief",
            "BriefSentence",
            "Citation",
            "ConfigError",
            "Fact",
            "FactLabel",
            "Format",
            "InputError",
            "MatchKind",
            "Mention",
            "MissingExtraError",
            "NewsfuseError",
            "Pipeline",
            "Sentence",
            "Settings",
            "Story",
            "StoryIndex",
            "__version__",
            "cluster",
            "load_story",
            "make_article",
            "render",
            "summarize",
        ]
    )
    for name in newsfuse.__all__:
        assert hasattr(newsfuse, name)


def test_public_api_errors_subclass_builtins():
    assert issubclass(newsfuse.ConfigError, ValueError)
    assert issubclass(newsfuse.MissingExtraError, ImportError)
    assert issubclass(newsfuse.InputError, newsfuse.NewsfuseError)


def test_light_import_loads_no_heavy_modules():
    code = (
        "import sys, newsfuse; "
        "heavy = {'torch', 'spacy', 'dask', 'distributed', 'fastapi', 'sumy', 'nltk', 'rich', 'typer'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_summarize_accepts_plain_texts():
    brief = newsfuse.summarize(
        [
            "The council approved the harbour budget on Tuesday after a long debate in the chamber.",
            "After a long debate, the council approved the harbour budget on Tuesday evening.",
        ],
        words=20,
    )
    assert brief.sentences
    assert set(brief.sentences[0].source_ids) == {"a1", "a2"}
