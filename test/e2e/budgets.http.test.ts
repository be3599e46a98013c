import { httpEnv } from '../support/env.js';
import { budgetScenarios } from '../scenarios/budgets.js';

budgetScenarios('standalone server over HTTP', () => httpEnv());
