from minshi_cli.cli import run

if __name__ == "__main__":  # pragma: no cover - exercised through the installed script
    run()
