// Step numbers as the server's `/release list` and report show them (top-level steps 1..n
// in run order, sub-steps "7.2"). The server's function is taken as is: its module
// imports nothing at run time but the shared, dependency-free progress counting.
export {stepNumbers} from '../../../server-bridge/src/product/report/run-facts';
