import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { View } from 'vega';
import type { Catalogue, SavedChart, SessionInfo } from '../api/types.ts';
import { useMetricQuery } from '../api/useMetricQuery.ts';
import { navigate } from '../app/navigation.ts';
import { savedChartPath } from '../app/route.ts';
import { useLanguage } from '../i18n/useLanguage.ts';
import { addField, compareBlocker, emptyBuilder, naturalShelf, removeField, secondaryOf, usesTime, type BuilderState, type FieldRef } from './builderState.ts';
import { builderStateOf, chartConfigOf, metricQueryOf, savedConfigOf } from './builderQuery.ts';
import { ChartTypePicker } from './ChartTypePicker.tsx';
import { ChartView } from './ChartView.tsx';
import { CompareSwitch } from './CompareSwitch.tsx';
import { DisplayOptions } from './DisplayOptions.tsx';
import { ExportButtons } from './ExportButtons.tsx';
import { FieldsPanel } from './FieldsPanel.tsx';
import { fieldLabel, fieldsModel } from './fieldsModel.ts';
import { SaveChartForm } from './SaveChartForm.tsx';
import { shelfAnnouncements, shelfCollisions, shelfKeyboardCoordinates, type DraggedField, type ShelfTarget } from './shelfDnd.ts';
import { ShelvesPanel } from './ShelvesPanel.tsx';
import { SortOptions } from './SortOptions.tsx';
import { suggestedType } from './suggestedType.ts';
import { GrainSwitch, TimeRangePicker } from './TimeOptions.tsx';
import { useDuplicateChart, useSaveChart } from './useChartChanges.ts';

type Props = {
  catalogue: Catalogue;
  saved: SavedChart | null;
  session: SessionInfo;
  /** What a save leads to; by default, the saved chart's own page. A board's editor puts it on the board. */
  onSaved?: (chart: SavedChart) => void;
};

/** The builder itself: fields, shelves, options and the chart, for a new chart or a saved one. */
export function BuilderEditor({ catalogue, saved, session, onSaved = (chart) => navigate(savedChartPath(chart.id)) }: Props) {
  const { t } = useTranslation();
  const language = useLanguage();
  const readOnly = !session.grants.includes('edit_charts');
  const [state, setState] = useState<BuilderState>(() => (saved ? builderStateOf(saved.config) : emptyBuilder));
  const [dragged, setDragged] = useState<DraggedField | null>(null);
  const [view, setView] = useState<View | null>(null);
  const model = useMemo(() => fieldsModel(catalogue), [catalogue]);
  const save = useSaveChart();
  const duplicate = useDuplicateChart();

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: shelfKeyboardCoordinates }),
  );
  const announcements = useMemo(() => shelfAnnouncements(t), [t]);

  const query = useMemo(() => metricQueryOf(state), [state]);
  // The same query ChartView asks (one request, one cache entry): value counts steer the suggestion.
  const result = useMetricQuery(query);
  const suggested = suggestedType(state, catalogue, result.data);
  const type = state.chosenType ?? suggested;
  const config = useMemo(() => chartConfigOf(state, type, language), [state, type, language]);
  // The chart's name for screen readers and export files: its metrics and X (出院人数 · 病区).
  const label = [state.y.map((m) => fieldLabel(model, { kind: 'metric', name: m }, language)).join('、'), state.x ? fieldLabel(model, { kind: 'dimension', name: state.x }, language) : '']
    .filter(Boolean)
    .join(' · ');
  const onView = useCallback((v: View | null) => setView(() => v), []);

  const add = (field: FieldRef) => setState((s) => addField(s, field, naturalShelf(s, field)));
  const onDragStart = (event: DragStartEvent) => setDragged((event.active.data.current as DraggedField | undefined) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragged(null);
    const field = (event.active.data.current as DraggedField | undefined)?.field;
    const target = (event.over?.data.current as ShelfTarget | undefined)?.shelf;
    if (field && target) setState((s) => addField(s, field, target));
  };

  const owned = saved !== null && (saved.owner === session.user.username || session.user.role === 'admin');
  const onSave = (name: string, description: string) => {
    save.mutate(
      { id: owned ? saved.id : null, body: { name, description, config: savedConfigOf(state, type) } },
      { onSuccess: onSaved },
    );
  };
  const onDuplicate = () => {
    if (!saved) return;
    duplicate.mutate({ id: saved.id, name: t('builder.save.copyName', { name: saved.name }).slice(0, 100) }, { onSuccess: (copy) => navigate(savedChartPath(copy.id)) });
  };

  const sortFields = [
    ...state.y.map((m) => ({ name: m, label: fieldLabel(model, { kind: 'metric', name: m }, language), metric: true })),
    ...(state.x ? [{ name: state.x, label: fieldLabel(model, { kind: 'dimension', name: state.x }, language), metric: false }] : []),
  ];
  const displayMetrics = state.y.map((m) => ({
    name: m, label: fieldLabel(model, { kind: 'metric', name: m }, language), format: catalogue.metrics.find((c) => c.name === m)?.format,
  }));
  const changeError = save.error ?? duplicate.error;

  return (
    <div className="builder">
      {readOnly && (
        <p role="note" className="notice read-only-notice">
          {t('builder.readOnly', { role: t(`roles.${session.user.role}`) })}
        </p>
      )}
      {!readOnly && (
        <div className="builder-toolbar">
          <SaveChartForm initialName={saved?.name ?? ''} initialDescription={saved?.description ?? ''} disabled={query === null} saving={save.isPending} onSave={onSave} />
          {saved && (
            <button type="button" disabled={duplicate.isPending} onClick={onDuplicate}>
              {t('builder.save.duplicate')}
            </button>
          )}
        </div>
      )}
      {changeError && <p role="alert" className="error-text">{t('builder.save.failed', { message: changeError.message })}</p>}
      {save.isSuccess && <p role="status" className="muted">{t('builder.save.saved', { name: save.data.name })}</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={shelfCollisions}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('builder.dnd.instructions') } }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(null)}
      >
        <div className="builder-layout">
          <FieldsPanel catalogue={catalogue} model={model} readOnly={readOnly} onAdd={add} />
          <div className="builder-main">
            <ShelvesPanel
              state={state} model={model} readOnly={readOnly}
              onRemove={(shelf, name) => setState((s) => removeField(s, shelf, name))}
              onFilterValues={(dimension, values) => setState((s) => ({ ...s, filters: s.filters.map((f) => (f.dimension === dimension ? { ...f, values } : f)) }))}
            />
            <ChartTypePicker shown={type} suggested={suggested} readOnly={readOnly} onChoose={(chosenType) => setState((s) => ({ ...s, chosenType }))} />
            <div className="builder-options">
              {usesTime(state) && <GrainSwitch grain={state.grain} readOnly={readOnly} onChange={(grain) => setState((s) => ({ ...s, grain }))} />}
              <TimeRangePicker range={state.timeRange} readOnly={readOnly} onChange={(timeRange) => setState((s) => ({ ...s, timeRange }))} />
              <SortOptions
                sort={state.sort} topN={state.topN} fields={sortFields} readOnly={readOnly}
                onSort={(sort) => setState((s) => ({ ...s, sort }))} onTopN={(topN) => setState((s) => ({ ...s, topN }))}
              />
              <CompareSwitch compare={state.compare} blocker={compareBlocker(state)} readOnly={readOnly} onChange={(compare) => setState((s) => ({ ...s, compare }))} />
            </div>
            <DisplayOptions
              state={state} metrics={displayMetrics} combo={type === 'combo'} secondary={secondaryOf(state)} readOnly={readOnly}
              onChange={(change) => setState((s) => ({ ...s, ...change }))}
            />
            <ExportButtons view={view} query={query} name={saved?.name ?? label} />
            <ChartView query={query} config={config} label={label || t('builder.chart.label')} onView={onView} />
          </div>
        </div>
        <DragOverlay dropAnimation={null}>{dragged && <span className="field-handle drag-overlay">{dragged.label}</span>}</DragOverlay>
      </DndContext>
    </div>
  );
}
