"""Settings of the load benchmark's server: CarePath's own, with the benchmark's URL map (never the product's)."""

from carepath.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load_urls"
