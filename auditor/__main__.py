"""`python -m auditor`: the same entry point as the `auditor` script, for environments without the script on
PATH (a venv that is not activated, `pipx run`, CI images that install with `--user`)."""

from auditor.cli import main

if __name__ == "__main__":
    main()
