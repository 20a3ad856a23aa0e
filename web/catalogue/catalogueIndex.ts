// The catalogue looked up by name: a metric's page names datasets, measures, time dimensions and
// other metrics by code, and shows their labels.
import type { Catalogue, CatalogueDataset, CatalogueMetric, LocalizedText } from '../api/types.ts';

export type CatalogueIndex = {
  metrics: ReadonlyMap<string, CatalogueMetric>;
  datasets: ReadonlyMap<string, CatalogueDataset>;
  /** `dataset.measure` → its label. */
  measureLabel(reference: string): LocalizedText | null;
  /** `dataset.time_dimension` → its label. */
  timeDimensionLabel(reference: string): LocalizedText | null;
};

export function indexCatalogue(catalogue: Catalogue): CatalogueIndex {
  const metrics = new Map(catalogue.metrics.map((metric) => [metric.name, metric]));
  const datasets = new Map(catalogue.datasets.map((dataset) => [dataset.name, dataset]));
  const split = (reference: string) => {
    const dot = reference.indexOf('.');
    return dot < 0 ? null : { dataset: datasets.get(reference.slice(0, dot)), name: reference.slice(dot + 1) };
  };
  return {
    metrics,
    datasets,
    measureLabel(reference) {
      const parts = split(reference);
      return parts?.dataset?.measures.find((m) => m.name === parts.name)?.label ?? null;
    },
    timeDimensionLabel(reference) {
      const parts = split(reference);
      return parts?.dataset?.timeDimensions.find((d) => d.name === parts.name)?.label ?? null;
    },
  };
}
