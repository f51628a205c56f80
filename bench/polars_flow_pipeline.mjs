
import pl from "nodejs-polars";
const [orders, products, out] = process.argv.slice(2);
pl.scanParquet(orders).join(pl.scanParquet(products), { on: "product_id" })
  .withColumns(pl.col("quantity").mul(pl.col("price")).alias("revenue"))
  .groupBy("category").agg(pl.col("order_id").count().alias("order_count"),
                           pl.col("revenue").sum().alias("revenue"))
  .sort("revenue", true).collectSync({ engine: "streaming" }).writeCSV(out);
