// One message for one or more notices on a channel: a title and a body as markdown (WeCom and
// DingTalk robots render it) and as plain text (e-mail). Alerts that fire together arrive as one
// message, the most severe first. Chinese first, as the recipients read it.
import { severities, severityLabels } from '../alerts/alert-rule.ts';
import type { AlertNotice } from './notice.ts';

export interface OutboundMessage {
  title: string;
  markdown: string;
  text: string;
  notices: AlertNotice[];
}

const what: Record<AlertNotice['reason'], string> = {
  fired: '触发', breached: '仍在触发', acknowledged: '已确认', resolved_by_condition: '已自动恢复', resolved_by_person: '已处置关闭',
  escalated: '未确认，已升级', no_data: '无数据', error: '评估出错', cleared: '已恢复',
};

const number = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4))));

function lines(notice: AlertNotice): string[] {
  const head = `【${severityLabels[notice.severity].zh}】${notice.ruleTitle} · ${notice.groupLabel}：${what[notice.reason]}`;
  const facts = [
    notice.value === null ? null : `当前值 ${number(notice.value)}`,
    notice.threshold === null ? null : `阈值 ${notice.threshold}`,
    notice.by === 'system' ? null : `操作人 ${notice.by}`,
    notice.responsible === null ? null : `责任方 ${notice.responsible}`,
  ].filter((f) => f !== null).join('，');
  const record = notice.record ? Object.entries(notice.record).map(([k, v]) => `${k}: ${v ?? '—'}`).join('，') : '';
  return [
    head,
    ...(facts ? [facts] : []),
    ...(record ? [record] : []),
    ...(notice.note ? [`记录：${notice.note}`] : []),
    ...(notice.advice && (notice.reason === 'fired' || notice.reason === 'escalated') ? [`处置建议：${notice.advice}`] : []),
    `时间 ${notice.at}`,
  ];
}

export function renderMessage(notices: AlertNotice[]): OutboundMessage {
  const ordered = [...notices].sort((a, b) => severities.indexOf(b.severity) - severities.indexOf(a.severity) || a.at.localeCompare(b.at));
  const first = ordered[0]!;
  const title = ordered.length === 1
    ? `【${severityLabels[first.severity].zh}】${first.ruleTitle} · ${first.groupLabel}：${what[first.reason]}`
    : `HBI 预警：${ordered.length} 条变化（最高 ${severityLabels[first.severity].zh}）`;
  const blocks = ordered.map(lines);
  return {
    title,
    markdown: [`### ${title}`, ...blocks.map(([head, ...rest]) => [`- **${head}**`, ...rest.map((l) => `  ${l}`)].join('\n'))].join('\n'),
    text: [title, '', ...blocks.map((b) => b.join('\n')).join('\n\n').split('\n')].join('\n'),
    notices: ordered,
  };
}
