// One-line answers when MySQL/MariaDB or Redis cannot be reached, before anything starts.
import { createConnection } from 'node:net';
import mysql from 'mysql2/promise';

function redisPing(url) {
  const { hostname, port, password, username } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 3 s'));
    }, 3000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () => {
      const auth = password ? `AUTH ${username ? `${decodeURIComponent(username)} ` : ''}${decodeURIComponent(password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    socket.on('data', (data) => {
      if (data.toString().includes('PONG')) {
        clearTimeout(timer);
        socket.end();
        resolve();
      } else if (data.toString().startsWith('-')) {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(data.toString().trim()));
      }
    });
  });
}

export async function checkServices(env) {
  const databaseUrl = env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk';
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const problems = [];
  try {
    const url = new URL(databaseUrl);
    const connection = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      connectTimeout: 3000,
    });
    await connection.end();
  } catch (error) {
    problems.push(
      `Cannot reach MySQL/MariaDB at ${redact(databaseUrl)} (${error.code ?? error.message}). ` +
        'Start it (e.g. "sudo service mariadb start" or "docker compose up -d mysql") or set DATABASE_URL.',
    );
  }
  try {
    await redisPing(redisUrl);
  } catch (error) {
    problems.push(
      `Cannot reach Redis at ${redact(redisUrl)} (${error.code ?? error.message}). ` +
        'Start it (e.g. "redis-server --daemonize yes" or "docker compose up -d redis") or set REDIS_URL.',
    );
  }
  return problems;
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
