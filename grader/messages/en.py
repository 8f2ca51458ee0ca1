"""English (--lang en). Keep the ids in step with ru.py."""

TEXT = {
}
