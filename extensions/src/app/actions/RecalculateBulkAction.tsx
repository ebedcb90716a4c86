// The "Recalculate customer value" bulk action on the companies index page: the entry only
// hands HubSpot's context to the screen (shared with the cards in ../cards).
import { hubspot } from '@hubspot/ui-extensions';
import { BulkRecalculate } from '../cards/components/BulkRecalculate.tsx';

hubspot.extend<'crm.bulkActions'>(({ context, actions }) => <BulkRecalculate context={context} actions={actions} />);
