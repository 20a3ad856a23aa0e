import { useTranslation } from 'react-i18next';
import type { Catalogue, SavedChart, SessionInfo } from '../../api/types.ts';
import { useModalDialog } from '../../app/useModalDialog.ts';
import { BuilderEditor } from '../../builder/BuilderEditor.tsx';

/**
 * A chart built in place: the chart builder in a dialog over the board editor. Saving it saves the
 * chart (so it is in 我的图表 too) and puts it on the board; closing it leaves the board as it was.
 */
export function ChartBuilderDialog({ open, catalogue, session, onSaved, onClose }: {
  open: boolean;
  catalogue: Catalogue;
  session: SessionInfo;
  onSaved: (chart: SavedChart) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useModalDialog(open);
  return (
    <dialog ref={dialog} className="chart-builder-dialog" aria-labelledby="chart-builder-dialog-heading" onClose={onClose}>
      <div className="dialog-heading-row">
        <h3 id="chart-builder-dialog-heading">{t('dashboardEditor.builder.heading')}</h3>
        <button type="button" onClick={onClose}>{t('dashboardEditor.builder.close')}</button>
      </div>
      {/* A new builder each time the dialog opens: no shelves left over from the last chart. */}
      {open && <BuilderEditor catalogue={catalogue} saved={null} session={session} onSaved={onSaved} />}
    </dialog>
  );
}
