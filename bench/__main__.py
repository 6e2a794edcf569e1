"""`make bench` / `python -m bench [name ...]`: run the benchmarks and print their ratios.
Benchmarks are never part of `make test`: tests assert behaviour, not speed."""
import importlib
import sys

ALL = ("transitions", "binding", "sweep", "mail", "pages", "papers")


def main(names):
    failed = []
    for name in names or ALL:
        module = importlib.import_module(f"bench.{name}")
        result = module.main()
        if result is False:
            failed.append(name)
    if failed:
        print("\nOver target: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    names, sys.argv[1:] = sys.argv[1:], []  # each bench reads its own options, here none
    sys.exit(main(names))
