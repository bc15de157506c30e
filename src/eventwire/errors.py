"""eventwire's exceptions: one hierarchy, translated to exit codes and messages by the CLI.

    EventwireError
    ├── InputError            an input cannot be read or parsed (names the input and the reason)
    │   ├── UnsupportedFormat     the format of an input is unknown or not handled
    │   ├── EmptyInput            an input holds no article text
    │   └── UnsupportedLanguage   the article is not in a language eventwire codes yet
    ├── DataFileError         a KB or lexicon file is malformed (names the file and the line)
    ├── ModelNotFound         no English spaCy model is installed
    └── DatasetError          an evaluation set is missing or malformed

Each error has a number (``E0xx``) so users can search for it, and a message that says what went
wrong, why, and what to do about it.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(EventwireError):
    """An input (file, line, URL, stdin) cannot be turned into an article."""

    code = "E010"

    def __init__(self, name: str, reason: str) -> None:
        self.input_name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


class UnsupportedFormat(InputError):
    code = "E011"


class EmptyInput(InputError):
    code = "E012"


class UnsupportedLanguage(InputError):
    code = "E013"


class DataFileError(EventwireError):
    """A knowledge-base or lexicon file does not follow its format."""

    code = "E020"

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class ModelNotFound(EventwireError):
    code = "E030"


class DatasetError(EventwireError):
    code = "E040"
