import { DatasetsSection } from '../datasets/DatasetsSection.tsx';
import { ExtractsPage } from '../extracts/ExtractsPage.tsx';

/** What the warehouse holds, then the extracts it is loaded from. */
export function HomePage() {
  return (
    <>
      <DatasetsSection />
      <ExtractsPage />
    </>
  );
}
