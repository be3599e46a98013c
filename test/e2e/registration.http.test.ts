import { httpEnv } from '../support/env.js';
import { registrationScenarios } from '../scenarios/registration.js';

registrationScenarios('standalone server over HTTP', () => httpEnv());
