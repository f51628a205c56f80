// Peer: the seed pipeline in nodejs-polars. Usage:
//   node polars_seed.mjs FILE.parquet streaming|default
import pl from "nodejs-polars";

const [file, engine] = process.argv.slice(2);
const result = pl
  .scanParquet(file)
  .filter(pl.col("value").gt(120))
  .withColumns(
    pl.col("value").mul(1.1).alias("adjusted_value"),
    pl.when(pl.col("category").eq(pl.lit("A")))
      .then(pl.lit("Premium"))
      .when(pl.col("category").eq(pl.lit("B")))
      .then(pl.lit("Standard"))
      .otherwise(pl.lit("Basic"))
      .alias("tier"),
  )
  .groupBy("tier")
  .agg(pl.col("adjusted_value").sum().alias("total_value"), pl.col("id").count().alias("count"))
  .sort("total_value", true);
const df = engine === "streaming" ? result.collectSync({ engine: "streaming" }) : result.collectSync();
console.log(`${df.height} rows`);
