#!/usr/bin/env python
from verbinder.cli import main

if __name__ == "__main__":
    main()
