// Exits 0 once a Bolt driver can open a session and run a query against the given URI.
const neo4j = require('neo4j-driver');
const uri = process.argv[2];
const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER || 'neo4j', process.env.NEO4J_PASSWORD || 'local'));
driver
  .executeQuery('RETURN 1 AS ok')
  .then(() => driver.close().then(() => process.exit(0)))
  .catch((err) => {
    console.error(err.message);
    driver.close().finally(() => process.exit(1));
  });
