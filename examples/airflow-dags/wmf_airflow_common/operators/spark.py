"""Operators shared by every Airflow instance: reviewed by two platform engineers."""


class SparkSqlOperator:
    def __init__(self, task_id, sql):
        self.task_id = task_id
        self.sql = sql
