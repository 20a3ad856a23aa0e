// A query the model cannot answer as asked: the message says what to change. The server answers it 400.
export class QueryError extends Error {}
