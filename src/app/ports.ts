// Wires the core's ports to their implementations: files under the data directory, spreadsheets
// (io/), charts (charts/) and the optional language model (llm/). The app, the CLI and the tests
// all build their ports here, so every caller runs the real components.
import { createChartPort } from '../charts/render-chart.ts';
import type { Ports } from '../core/ports.ts';
import { createSpreadsheetPort } from '../io/spreadsheet-port.ts';
import type { LlmSettings } from '../llm/client.ts';
import { createLlmPort } from '../llm/llm-port.ts';
import { createFileStore } from '../storage/file-store.ts';

export function createPorts(options: { dataDir: string; llm?: LlmSettings | null }): Ports {
  return {
    files: createFileStore({ dataDir: options.dataDir }),
    spreadsheets: createSpreadsheetPort(),
    charts: createChartPort(),
    llm: createLlmPort(options.llm ?? null),
  };
}
