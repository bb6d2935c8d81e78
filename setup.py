"""The build's one job beyond pyproject.toml: ship the game's data in the wheel.

``levels/`` (the original level packs) and ``assets/`` (fonts, sounds) stay at the
repository's top, where artists and ``alienstage assets`` find them; the build maps them
into the package as ``alienstage_game/levels`` and ``alienstage_game/assets``, so that
``pip install .`` (or pipx) gives the whole game. ``alienstage_game.paths.bundled_dir``
finds either layout.
"""

from setuptools import find_packages, setup

DATA = {"alienstage_game.levels": "levels", "alienstage_game.assets": "assets"}

setup(
    packages=find_packages(include=["alienstage_game*"]) + list(DATA),
    package_dir=DATA,
    package_data={"alienstage_game": ["py.typed"], **{name: ["**/*"] for name in DATA}},
    include_package_data=False,
)
