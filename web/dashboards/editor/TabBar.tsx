import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { tabNameProblem } from './boardEdits.ts';

type Props = {
  tabs: string[];
  current: string | null;
  onSelect: (tab: string) => void;
  onAdd: () => void;
  onRename: (from: string, to: string) => void;
  onRemove: (tab: string) => void;
};

/**
 * The board's tabs: choose one to edit its tiles, add one, rename or remove the current one (its
 * tiles move to the tab before it). A board without tabs shows only 添加标签页.
 */
export function TabBar({ tabs, current, onSelect, onAdd, onRename, onRemove }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState<string | null>(null);
  const problem = name === null || current === null ? null : tabNameProblem(tabs, name, current);
  const commit = () => {
    if (name !== null && current !== null && problem === null && name.trim() !== current) onRename(current, name.trim());
    if (problem === null) setName(null);
  };

  return (
    <div className="edit-tabs">
      {tabs.length > 0 && (
        <div role="tablist" aria-label={t('dashboardEditor.tabs.label')} className="edit-tab-list">
          {tabs.map((tab) => (
            <button key={tab} type="button" role="tab" aria-selected={tab === current} onClick={() => { setName(null); onSelect(tab); }}>
              {tab}
            </button>
          ))}
        </div>
      )}
      <button type="button" onClick={onAdd}>{t('dashboardEditor.tabs.add')}</button>
      {current !== null && (
        <>
          <label className="edit-tab-name">
            <span className="visually-hidden">{t('dashboardEditor.tabs.rename')}</span>
            <input
              value={name ?? current} maxLength={40} aria-label={t('dashboardEditor.tabs.rename')} aria-invalid={problem !== null}
              onChange={(e) => setName(e.target.value)}
              onBlur={commit}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commit();
                if (e.key === 'Escape') setName(null);
              }}
            />
          </label>
          <button type="button" onClick={() => onRemove(current)} aria-label={t('dashboardEditor.tabs.remove', { tab: current })}>
            {t('dashboardEditor.tabs.removeShort')}
          </button>
          {problem && <span role="alert" className="error-text">{t(`dashboardEditor.tabs.${problem}`)}</span>}
        </>
      )}
    </div>
  );
}
