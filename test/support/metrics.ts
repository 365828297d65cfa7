import type TestAgent from 'supertest/lib/agent';

/** The value of one series (name and labels as Prometheus prints them) in a scrape, or undefined when absent. */
export function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * A /metrics scrape in which the database answered. A gauge read from the database gets 500 ms per scrape, and on a
 * loaded machine a read can take longer: the scrape then says NaN and `resetdesk_metrics_source_up{source="database"} 0`,
 * as it should. Tests about the values scrape again until a scrape read them; the outage tests check the NaN itself.
 */
export async function scrapeWithDatabase(http: TestAgent, tries = 5): Promise<string> {
  let text = '';
  for (let attempt = 0; attempt < tries; attempt++) {
    text = (await http.get('/metrics').expect(200)).text;
    if (metricValue(text, 'resetdesk_metrics_source_up{source="database"}') === 1) return text;
  }
  throw new Error(`the database did not answer within a scrape's budget in ${tries} scrapes`);
}
