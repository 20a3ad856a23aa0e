import type { SessionInfo } from '../api/types.ts';
import { DatasetsSection } from '../datasets/DatasetsSection.tsx';
import { ExtractsPage } from '../extracts/ExtractsPage.tsx';

/** /data: what the warehouse holds, then the extracts it is loaded from. */
export function DataPage({ session }: { session: SessionInfo }) {
  return (
    <>
      {/* Load reports are for data stewards; other roles get no link that would only say no. */}
      <DatasetsSection linkLoadReports={session.grants.includes('steward_data')} />
      <ExtractsPage />
    </>
  );
}
