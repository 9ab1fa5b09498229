import pytest

from newsfuse import select
from newsfuse.errors import ConfigError
from newsfuse.settings import SELECT_STRATEGIES, Settings


def test_settings_defaults_validate():
    settings = Settings()
    assert settings.words == 120
    assert settings.select.strategy in SELECT_STRATEGIES


@pytest.mark.parametrize("words", [-3, 0, 9, 5001, 12.5, True, "100"])
def test_settings_rejects_bad_words(words):
    with pytest.raises(ConfigError, match="`words` must be an int"):
        Settings(words=words)


def test_settings_strategy_names_match_registry():
    assert set(SELECT_STRATEGIES) == set(select.STRATEGIES)


def test_settings_citation_matcher_is_checked():
    assert Settings().attribute.matcher == "lexical"  # the default needs no extra
    with pytest.raises(ConfigError, match=r"`attribute\.matcher` must be one of lexical, semantic"):
        Settings.from_mapping({"attribute": {"matcher": "telepathic"}})
    with pytest.raises(ConfigError, match=r"attribute\.min_similarity"):
        Settings.from_mapping({"attribute": {"min_similarity": 1.5}})


def test_settings_from_mapping_rejects_unknown_keys():
    with pytest.raises(ConfigError, match=r"unknown setting `select\.redundancy_x`"):
        Settings.from_mapping({"select": {"redundancy_x": 0.3}})
    with pytest.raises(ConfigError, match="unknown setting `wordz`"):
        Settings.from_mapping({"wordz": 3})


def test_settings_precedence_toml_then_env(tmp_path):
    toml = tmp_path / "nf.toml"
    toml.write_text("words = 200\n[select]\nredundancy = 0.4\n[analyse]\nmin_overlap = 0.6\n")
    settings = Settings.from_toml(toml)
    assert (settings.words, settings.select.redundancy, settings.analyse.min_overlap) == (
        200,
        0.4,
        0.6,
    )
    settings = Settings.from_env(
        {"NEWSFUSE_WORDS": "90", "NEWSFUSE_SELECT__REDUNDANCY": "0.7"}, settings
    )
    assert (settings.words, settings.select.redundancy, settings.analyse.min_overlap) == (
        90,
        0.7,
        0.6,
    )


def test_settings_digest_changes_with_any_setting():
    base = Settings()
    assert base.digest() == Settings().digest()
    assert base.digest() != base.replace(words=121).digest()
    changed = Settings.from_mapping({"analyse": {"min_shared_terms": 5}})
    assert base.digest() != changed.digest()


def test_settings_bad_toml_is_config_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("words = = 3")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.from_toml(bad)
    with pytest.raises(ConfigError, match="not found"):
        Settings.from_toml(tmp_path / "missing.toml")


def test_selector_weights_from_a_file(tmp_path, example_dir):
    import json

    from newsfuse import Pipeline
    from newsfuse.load import load_story
    from newsfuse.select.features import FEATURES

    story = load_story([example_dir])
    packaged = Pipeline(Settings(words=60)).run(story)
    # a scorer that prefers nothing: coverage of shared concepts alone decides
    flat = tmp_path / "flat.json"
    flat.write_text(
        json.dumps(
            {
                "features": list(FEATURES),
                "mean": [0.0] * len(FEATURES),
                "scale": [1.0] * len(FEATURES),
                "weights": [0.0] * len(FEATURES),
            }
        )
    )
    settings = Settings.from_mapping({"words": 60, "select": {"weights": str(flat)}})
    assert Pipeline(settings).run(story).sentences  # runs, and ...
    assert Pipeline(Settings(words=60)).run(story) == packaged  # ... leaves the default alone
    missing = Settings.from_mapping({"select": {"weights": str(tmp_path / "none.json")}})
    with pytest.raises(ConfigError, match=r"select\.weights"):
        Pipeline(missing).run(story)
