"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert">
      <h1 className="text-2xl font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        The server could not answer{error.digest ? ` (reference ${error.digest})` : ""}. Check that the database is
        reachable at <code>/api/health</code>, then try again.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-blue-700 px-3 py-2 text-sm font-medium text-white hover:bg-blue-800"
      >
        Try again
      </button>
    </div>
  );
}
