export { seedDemoData, wipeData, type SeedOptions, type SeedSummary } from './seed-demo-data.js';
export { DEMO_DONORS, DEMO_FAMILY_NUMBER, DEMO_PASSWORD, DEMO_UNKNOWN_NUMBER, DEMO_USERS, type DemoDonor } from './demo-donors.js';
