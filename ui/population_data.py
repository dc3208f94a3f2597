"""Cached loaders of the 人口结构 page: ``models.population`` cached, keyed on plain values."""

from __future__ import annotations

import datetime as dt

import polars as pl

import models.population
from models.population import GridPopulation, HouseholdSizes, Movements
from ui.data import ScopeKey, built, loader


@loader
def grid_population(url: str, key: ScopeKey, as_of: dt.date) -> GridPopulation:
    return built(url, key, as_of, models.population.grid_population)


@loader
def age_pyramid(url: str, key: ScopeKey, as_of: dt.date) -> pl.DataFrame:
    return built(url, key, as_of, models.population.age_pyramid)


@loader
def movements(url: str, key: ScopeKey, as_of: dt.date) -> Movements:
    return built(url, key, as_of, models.population.movements)


@loader
def household_sizes(url: str, key: ScopeKey, as_of: dt.date) -> HouseholdSizes:
    return built(url, key, as_of, models.population.household_sizes)
