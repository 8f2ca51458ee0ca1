"""Russian: the default language of every report. Keep the ids in step with en.py."""

TEXT = {
}
