import { useTranslation } from 'react-i18next';
import { isKnownRejectRule } from './rejectRules.ts';

/** A reject rule in the user's language; the machine name stays available as a tooltip. */
export function RejectRuleLabel({ rule }: { rule: string }) {
  const { t } = useTranslation();
  if (!isKnownRejectRule(rule)) return <code className="rule-label">{rule}</code>;
  return (
    <span className="rule-label" title={rule} data-rule={rule}>
      {t(`loads.rules.${rule}`)}
    </span>
  );
}
