from minshi_cli.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through the installed script
    main()
