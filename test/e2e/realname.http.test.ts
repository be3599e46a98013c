import { httpEnv } from '../support/env.js';
import { realnameScenarios } from '../scenarios/realname.js';

realnameScenarios('standalone server over HTTP', () => httpEnv());
