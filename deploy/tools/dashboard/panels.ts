/**
 * Small builders for Grafana panels. The dashboard is code so that every query is reviewed in
 * one place, checked against the known metric names and parsed by promtool in CI.
 */

export interface Target {
  expr: string;
  legendFormat: string;
}

export interface Panel {
  id: number;
  type: 'timeseries' | 'stat' | 'row';
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: 'prometheus'; uid: string };
  targets?: (Target & { refId: string; datasource: { type: 'prometheus'; uid: string } })[];
  fieldConfig?: unknown;
  options?: unknown;
  collapsed?: boolean;
  panels?: Panel[];
}

export const DATASOURCE = { type: 'prometheus' as const, uid: '${datasource}' };

export type Unit = 's' | 'percentunit' | 'short' | 'reqps' | 'ops' | 'dateTimeFromNow';

export interface PanelSpec {
  title: string;
  description: string;
  targets: Target[];
  unit: Unit;
  /** A red threshold line/colour at this value (the alert's threshold). */
  threshold?: number;
  kind?: 'timeseries' | 'stat';
  width?: number;
}

/** Lays panels out left to right in rows of 24 grid units, 8 units high. */
export class Layout {
  private nextId = 1;
  private x = 0;
  private y = 0;
  private lineHeight = 0;
  readonly panels: Panel[] = [];

  row(title: string): void {
    if (this.x > 0) this.newLine();
    this.panels.push({ id: this.nextId++, type: 'row', title, collapsed: false, gridPos: { x: 0, y: this.y, w: 24, h: 1 }, panels: [] });
    this.y += 1;
  }

  add(spec: PanelSpec): void {
    const w = spec.width ?? 8;
    if (this.x + w > 24) this.newLine();
    const steps = [{ color: 'green', value: null as number | null }];
    if (spec.threshold !== undefined) steps.push({ color: 'red', value: spec.threshold });
    const kind = spec.kind ?? 'timeseries';
    const h = kind === 'stat' ? 5 : 8;
    this.lineHeight = Math.max(this.lineHeight, h);
    this.panels.push({
      id: this.nextId++,
      type: kind,
      title: spec.title,
      description: spec.description,
      gridPos: { x: this.x, y: this.y, w, h },
      datasource: DATASOURCE,
      targets: spec.targets.map((t, i) => ({ ...t, refId: String.fromCharCode(65 + i), datasource: DATASOURCE })),
      fieldConfig: {
        defaults: {
          unit: spec.unit,
          thresholds: { mode: 'absolute', steps },
          custom: kind === 'timeseries' && spec.threshold !== undefined ? { thresholdsStyle: { mode: 'line' } } : {},
        },
        overrides: [],
      },
      options:
        kind === 'stat'
          ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'background', graphMode: 'none' }
          : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    });
    this.x += w;
  }

  private newLine(): void {
    this.y += this.lineHeight;
    this.x = 0;
    this.lineHeight = 0;
  }
}
