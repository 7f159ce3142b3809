"""Daily search click-through aggregation for the search Airflow instance."""
from datetime import datetime, timedelta

from wmf_airflow_common.operators.spark import SparkSqlOperator

with DAG(  # noqa: F821 - provided by the Airflow runtime
    "query_clicks_daily",
    start_date=datetime(2026, 1, 1),
    schedule="@daily",
    default_args={"retries": 3, "retry_delay": timedelta(minutes=15)},
) as dag:
    SparkSqlOperator(task_id="aggregate", sql="hql/query_clicks_daily.hql")
