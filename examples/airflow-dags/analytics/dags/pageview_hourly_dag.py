"""Hourly pageview aggregation for the analytics Airflow instance."""
from datetime import datetime, timedelta

from wmf_airflow_common.operators.spark import SparkSqlOperator

with DAG(  # noqa: F821 - provided by the Airflow runtime
    "pageview_hourly",
    start_date=datetime(2026, 1, 1),
    schedule="@hourly",
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
) as dag:
    SparkSqlOperator(task_id="aggregate", sql="hql/pageview_hourly.hql")
