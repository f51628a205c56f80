// Peer: join 10M orders x 1M customers on customer_id, then group by region and segment.
//   node polars_join.mjs ORDERS.parquet CUSTOMERS.parquet streaming|default
import pl from "nodejs-polars";

const [orders, customers, engine] = process.argv.slice(2);
const result = pl
  .scanParquet(orders)
  .join(pl.scanParquet(customers), { on: "customer_id", how: "inner" })
  .groupBy(["region", "segment"])
  .agg(
    pl.col("value").sum().alias("total"),
    pl.col("value").count().alias("n"),
    pl.col("value").mean().alias("mean"),
  );
const df = engine === "streaming" ? result.collectSync({ engine: "streaming" }) : result.collectSync();
console.log(`${df.height} rows`);
