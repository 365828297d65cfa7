// Runs in every test worker before the test file: the global setup has put the run's settings in process.env.
import 'reflect-metadata';
