import type zh from './loyalty.zh-CN.js';

/** Points and referrals — English (typed against loyalty.zh-CN.ts). */
const en: typeof zh = {
  title: 'Points & referrals',
  unavailable: 'Points are not available right now',
  balance: 'Points',
  units: '{n} donation units',
  toNext: '{n} units to {level}',
  topLevel: 'Gold reached',
  referredBy: 'Referred by {name}',
  referrals: 'Referred ({n})',
  converted: 'Donated +{n}',
  waiting: 'Awaiting first donation',
  refName: 'Referee’s name',
  refPhone: 'Referee’s phone',
  addReferral: 'Add referral',
  referred: 'Referral recorded: points follow the referee’s first donation',
  redeem: 'Redeem points',
  pickReward: 'Choose a reward',
  rewardOption: '{name} ({cost} pts, {stock} left)',
  redeemBtn: 'Redeem',
  redeemed: 'Redeemed',
  history: 'Points history',
  kind: { donation: 'Donation', referral: 'Referral reward', redeem: 'Redemption', adjust: 'Adjustment' },
};
export default en;
