import { httpEnv } from '../support/env.js';
import { couponScenarios } from '../scenarios/coupons.js';

couponScenarios('standalone server over HTTP', () => httpEnv());
