import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  initialName: string;
  initialDescription: string;
  disabled: boolean;
  saving: boolean;
  onSave: (name: string, description: string) => void;
};

/** The chart's name and description, and 保存. Local fields: they are a draft until saved. */
export function SaveChartForm({ initialName, initialDescription, disabled, saving, onSave }: Props) {
  const { t } = useTranslation();
  const headingId = useId();
  const [name, setName] = useState(initialName);
  const [description, setDescription] = useState(initialDescription);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') onSave(name.trim(), description.trim());
  };
  return (
    <form className="save-chart" aria-labelledby={headingId} onSubmit={submit}>
      <h3 id={headingId} className="visually-hidden">{t('builder.save.heading')}</h3>
      <label>
        <span className="option-label">{t('builder.save.name')}</span>
        <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="save-description">
        <span className="option-label">{t('builder.save.description')}</span>
        <input maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={disabled || saving || name.trim() === ''}>
        {saving ? t('builder.save.saving') : t('builder.save.submit')}
      </button>
    </form>
  );
}
