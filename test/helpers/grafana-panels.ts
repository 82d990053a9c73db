/** Just enough of a Grafana dashboard's JSON to evaluate its panels as Grafana would. */
interface Target {
  expr?: string;
  hide?: boolean;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  type: string;
  name: string;
  query: string | { query: string };
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string | null;
}
export interface Dashboard {
  panels: Panel[];
  templating: { list: Variable[] };
}

export interface DashboardPanel {
  row: string;
  title: string;
  exprs: string[];
}

/** Every panel with queries, in order, with the title of the row it sits in. */
export function dashboardPanels(dashboard: Dashboard): DashboardPanel[] {
  const out: DashboardPanel[] = [];
  let row = '';
  const walk = (panels: Panel[]) => {
    for (const panel of panels) {
      if (panel.type === 'row') {
        row = panel.title;
        walk(panel.panels ?? []);
        continue;
      }
      out.push({ row, title: panel.title, exprs: (panel.targets ?? []).filter((t) => !t.hide && t.expr).map((t) => t.expr!) });
    }
  };
  walk(dashboard.panels);
  return out;
}

/** Grafana's escaping of a value put inside a Prometheus regex matcher. */
function regexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

function substitute(text: string, values: Map<string, string>): string {
  return text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => values.get(name) ?? whole);
}

/**
 * The dashboard's query variables resolved in order, as Grafana does on load with nothing selected:
 * "All" where the variable offers it, else its first value; `label_values()` asks Prometheus's
 * series API. `$__rate_interval` is Grafana's max($__interval + scrape interval, 4 × scrape interval)
 * for a data source whose scrape interval is `scrapeSeconds`.
 */
export async function resolveVariables(dashboard: Dashboard, prometheus: string, scrapeSeconds: number): Promise<Map<string, string>> {
  const values = new Map<string, string>([['__rate_interval', `${Math.max(2 * scrapeSeconds, 4 * scrapeSeconds)}s`]]);
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const query = substitute(typeof variable.query === 'string' ? variable.query : variable.query.query, values);
    const match = /^label_values\((?:(.*),\s*)?(\w+)\)$/.exec(query.trim());
    if (!match) throw new Error(`variable ${variable.name}: cannot evaluate ${query}`);
    const url = new URL(`${prometheus}/api/v1/label/${match[2]}/values`);
    if (match[1]) url.searchParams.set('match[]', match[1]);
    const found = ((await (await fetch(url)).json()) as { data: string[] }).data.sort();
    if (found.length === 0) throw new Error(`variable ${variable.name}: ${query} found no values`);
    if (variable.includeAll) values.set(variable.name, variable.allValue ?? `(${found.map(regexEscape).join('|')})`);
    else values.set(variable.name, variable.multi ? regexEscape(found[0]!) : found[0]!);
  }
  return values;
}

/** Whether the panel's queries, with the variables filled in, return anything from Prometheus now. */
export async function panelHasData(panel: DashboardPanel, values: Map<string, string>, prometheus: string): Promise<boolean> {
  for (const expr of panel.exprs) {
    const url = new URL(`${prometheus}/api/v1/query`);
    url.searchParams.set('query', substitute(expr, values));
    const body = (await (await fetch(url)).json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
    if (body.status !== 'success') throw new Error(`${panel.title}: ${body.error} in ${url.searchParams.get('query')}`);
    const { resultType, result } = body.data!;
    if (resultType === 'scalar' ? !Number.isNaN(Number((result as [number, string])[1])) : (result as unknown[]).length > 0) return true;
  }
  return false;
}
