import type { SessionInfo } from '../api/types.ts';
import { DatasetsSection } from '../datasets/DatasetsSection.tsx';
import { ExtractsPage } from '../extracts/ExtractsPage.tsx';

/** What the warehouse holds, then the extracts it is loaded from. */
export function HomePage({ session }: { session: SessionInfo }) {
  return (
    <>
      {/* Load reports are for data stewards; other roles get no link that would only say no. */}
      <DatasetsSection linkLoadReports={session.grants.includes('steward_data')} />
      <ExtractsPage />
    </>
  );
}
