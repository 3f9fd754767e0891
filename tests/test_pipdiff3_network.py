"""Against the real public index, round 3: with an empty knowledge base ``stackwise lock`` picks
what pip picks (or fails where pip fails) on requirement sets of today's popular stacks, none of
them in tests/test_pipdiff_network.py or tests/test_pipdiff2_network.py.

Why these: the earlier rounds stressed pip's rules (backtracking, extras, markers, pre-releases,
formats); these are what users lock every day -- web frameworks with their servers and ORMs,
LLM clients, data and ML stacks with numpy/pyarrow upper bounds, orchestration tools with
hundreds of packages, test and docs tool chains, cloud SDKs -- each capped to a past release
line so that its graph is not today's newest everywhere and the resolver has to choose.

Marked ``network`` (not in the default run); both tools isolated from the machine's pip
configuration, with the harness of tests/test_network.py::

    PYTHONPATH=src python -m pytest -m network tests/test_pipdiff3_network.py
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_pipdiff_network import _both

pytestmark = pytest.mark.network

SETS: dict[str, list[str]] = {
    "fastapi-sqlalchemy": ["fastapi<0.100", "uvicorn[standard]", "sqlalchemy<2.1"],
    "django-drf-celery": ["django<5", "djangorestframework", "celery[redis]<5.4", "psycopg[binary]<3.2"],
    "llm-clients": ["openai<1.30", "anthropic<0.30", "tiktoken"],
    "langchain-02": ["langchain>=0.2,<0.3", "langchain-openai<0.2"],
    "llama-index-core": ["llama-index-core<0.11"],
    "streamlit": ["streamlit<1.30"],
    "gradio-3": ["gradio<4"],
    "dash-plotly": ["dash<2.10", "plotly>=5"],
    "ray-default": ["ray[default]<2.10"],
    "prefect-2": ["prefect<2.14"],
    "dbt-postgres": ["dbt-core<1.7", "dbt-postgres<1.7"],
    "mlflow": ["mlflow<2.5"],
    "spacy": ["spacy<3.7"],
    "boosting": ["xgboost<2", "lightgbm<4.2", "scikit-learn<1.4"],
    "seaborn-matplotlib": ["seaborn<0.13", "matplotlib<3.8"],
    "polars-pyarrow-pandas": ["polars<0.20", "pyarrow<15", "pandas<2.2"],
    "hf-datasets-accelerate": ["datasets<2.15", "accelerate<0.25"],
    "pytest-plugins": ["pytest<8", "pytest-asyncio<0.22", "pytest-xdist", "pytest-mock", "hypothesis<6.90"],
    "mypy-stubs": ["mypy<1.5", "types-requests", "types-PyYAML"],
    "sphinx-theme-myst": ["sphinx<7", "sphinx-rtd-theme", "myst-parser<2"],
    "google-cloud": ["google-cloud-storage<2.10", "google-cloud-bigquery<3.12"],
    "azure-identity-msal": ["azure-identity<1.14", "msal<1.24"],
    "boto3-urllib3-1": ["boto3<1.29", "urllib3<2", "requests"],
    "pyramid-tornado": ["pyramid<2", "tornado<6"],
    "sanic": ["sanic<23"],
    "kedro": ["kedro<0.19"],
    "numba-numpy": ["numba<0.58", "numpy"],
    "jupyter": ["jupyter"],
    "pre-commit": ["pre-commit<3", "virtualenv"],
    "poetry": ["poetry<1.6"],
    "ansible": ["ansible<8"],
    "pandas-datareader": ["pandas-datareader", "pandas<2"],
    "flask-ecosystem": ["flask<3", "flask-sqlalchemy<3.1", "flask-login", "flask-wtf", "flask-migrate<4.1"],
    "aws-cdk": ["aws-cdk-lib<2.100", "constructs<11"],
    "sqlalchemy-alembic": ["alembic<1.12", "sqlalchemy<2"],
    "opencv-albumentations": ["albumentations<1.4", "opencv-python-headless<4.9"],
}


@pytest.mark.parametrize("args", list(SETS.values()), ids=list(SETS))
def test_empty_kb_picks_what_pip_picks(args: list[str], tmp_path: Path) -> None:
    got, expected, err = _both(args, tmp_path)
    assert "Traceback" not in err
    assert got == expected, f"{args}: stackwise {got}, pip {expected}\n{err[-2000:]}"
