"""Entry script for ``spark-submit`` (and ``python -m presslens.spark``): the ``presslens spark`` command.

    spark-submit --master yarn ... "$(python -c 'import presslens.spark.__main__ as m; print(m.__file__)')" \\
        hdfs:///crawl/*.warc.gz --out hdfs:///presslens/tables

The arguments are those of ``presslens spark`` (``--master`` is ignored under spark-submit's own).
"""

from presslens.spark.cli import spark_command


def main() -> None:
    spark_command(prog_name="presslens spark")


if __name__ == "__main__":
    main()
