import Link from "next/link";

export default function NotFound() {
  return (
    <div>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm">
        There is nothing at this address.{" "}
        <Link className="text-blue-700 underline dark:text-blue-300" href="/">
          Go to the overview
        </Link>
        .
      </p>
    </div>
  );
}
