import simpleRestProvider from 'ra-data-simple-rest';
import { combineDataProviders } from 'react-admin';
import { API_URL, httpClient } from './httpClient';

const api = simpleRestProvider(API_URL, httpClient);
// The demo mailbox lives under /api/dev; same simple-rest contract.
const devApi = simpleRestProvider(`${API_URL}/dev`, httpClient);

export const dataProvider = combineDataProviders((resource) => (resource === 'mailbox' ? devApi : api));
